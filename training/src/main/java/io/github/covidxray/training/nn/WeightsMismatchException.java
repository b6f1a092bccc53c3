package io.github.covidxray.training.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A weight file does not fit a network: tensors missing, unexpected or of the wrong shape. The message
 * names the file and every problem (expected versus found); {@link #problems()} lists them one by one.
 */
public class WeightsMismatchException extends IOException {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 10;

    /** The individual problems; a list of strings so the exception stays serialisable. */
    private final List<String> problems;

    /**
     * @param file the weight file
     * @param problems one line per problem, each naming the tensor
     */
    public WeightsMismatchException(Path file, List<String> problems) {
        super(file + ": " + problems.size() + " tensor problem(s): "
                + String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
                + (problems.size() > SHOWN ? "; ..." : ""));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one per tensor */
    public List<String> problems() {
        return problems;
    }
}
