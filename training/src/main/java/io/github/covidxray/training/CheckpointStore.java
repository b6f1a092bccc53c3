package io.github.covidxray.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.core.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Per-epoch checkpoints in a folder: the weights after the last finished epoch ({@code last-NNNN.params}),
 * the weights of the best epoch ({@code best-NNNN.params}) and {@code state.json} saying which files are
 * current and where the run stands. {@code state.json} is replaced atomically after the weights are
 * written, so a run killed at any moment resumes from the last complete epoch. Not thread-safe.
 */
final class CheckpointStore {

    private static final String STATE = "state.json";
    private static final String LAST = "last";
    private static final String BEST = "best";
    private static final int STATE_VERSION = 1;

    private final Path dir;

    /**
     * Where the run stands after a finished epoch.
     *
     * @param fingerprint settings that must not change when resuming (architecture, labels, preprocessing, seed)
     * @param completedEpochs epochs finished
     * @param bestEpoch the 1-based best epoch (0 if none yet)
     * @param bestScore its selection score
     * @param epochsSinceBest fine-tuning epochs since the best one
     * @param stopped whether early stopping ended the run
     * @param history the per-epoch results, as written to the model card
     */
    record State(Map<String, Object> fingerprint, int completedEpochs, int bestEpoch, double bestScore,
            int epochsSinceBest, boolean stopped, List<Map<String, Object>> history) {
        State {
            fingerprint = new LinkedHashMap<>(fingerprint);
            history = List.copyOf(history);
        }
    }

    CheckpointStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** @return whether a checkpoint exists */
    boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /**
     * Saves the model after an epoch; the best weights too when {@code isBest}.
     *
     * @param model the model being trained
     * @param state the state after the epoch
     * @param isBest whether this epoch is the new best
     * @throws IOException if writing fails
     */
    void save(Model model, State state, boolean isBest) throws IOException {
        Files.createDirectories(dir);
        String epoch = Integer.toString(state.completedEpochs());
        model.setProperty("Epoch", epoch);
        model.save(dir, LAST);
        if (isBest) {
            model.save(dir, BEST);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", STATE_VERSION);
        json.put("fingerprint", state.fingerprint());
        json.put("completed_epochs", state.completedEpochs());
        json.put("best_epoch", state.bestEpoch());
        json.put("best_score", state.bestScore());
        json.put("epochs_since_best", state.epochsSinceBest());
        json.put("stopped", state.stopped());
        json.put("history", state.history());
        Path tmp = dir.resolve(STATE + ".tmp");
        ModelBundle.json().writeValue(tmp.toFile(), json);
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteOthers(LAST, state.completedEpochs());
        deleteOthers(BEST, state.bestEpoch());
    }

    /**
     * Reads the state and checks it belongs to this run.
     *
     * @param fingerprint this run's fingerprint
     * @return the state
     * @throws IOException if it cannot be read or belongs to a different run (the message says what differs)
     */
    State read(Map<String, Object> fingerprint) throws IOException {
        Path file = dir.resolve(STATE);
        Map<String, Object> json = ModelBundle.json().readValue(file.toFile(), new TypeReference<>() {});
        if (!Objects.equals(json.get("version"), STATE_VERSION)) {
            throw new IOException(file + ": unsupported checkpoint version " + json.get("version"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) json.get("fingerprint");
        // Round-trip through JSON text so both sides have the same number types.
        Map<String, Object> current = ModelBundle.json().readValue(
                ModelBundle.json().writeValueAsString(fingerprint), new TypeReference<>() {});
        if (!current.equals(saved)) {
            List<String> diffs = new ArrayList<>();
            current.forEach((k, v) -> {
                if (!Objects.equals(v, saved.get(k))) {
                    diffs.add(k + ": checkpoint has " + saved.get(k) + ", this run " + v);
                }
            });
            throw new IOException(file + ": checkpoint is from a different run (" + String.join("; ", diffs)
                    + "); use another checkpoint folder or start without resume");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) json.get("history");
        return new State(saved, ((Number) json.get("completed_epochs")).intValue(),
                ((Number) json.get("best_epoch")).intValue(), ((Number) json.get("best_score")).doubleValue(),
                ((Number) json.get("epochs_since_best")).intValue(), Boolean.TRUE.equals(json.get("stopped")),
                history);
    }

    /**
     * Loads the last epoch's weights into the model.
     *
     * @param model the model, its block built as for training
     * @param state the state
     * @throws IOException if the weights are missing or do not fit
     */
    void loadLast(Model model, State state) throws IOException {
        load(model, LAST, state.completedEpochs());
    }

    /**
     * Loads the best epoch's weights into the model.
     *
     * @param model the model
     * @param state the state
     * @throws IOException if the weights are missing or do not fit
     */
    void loadBest(Model model, State state) throws IOException {
        load(model, BEST, state.bestEpoch());
    }

    private void load(Model model, String prefix, int epoch) throws IOException {
        Path file = dir.resolve(String.format(java.util.Locale.ROOT, "%s-%04d.params", prefix, epoch));
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": checkpoint weights missing");
        }
        try {
            model.load(dir, prefix, Map.of("epoch", Integer.toString(epoch)));
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException(file + ": cannot load checkpoint weights: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the folder's checkpoint files (and the folder if then empty).
     *
     * @throws IOException if deleting fails
     */
    void delete() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(STATE) || isCheckpoint(name, LAST) || isCheckpoint(name, BEST)) {
                    Files.delete(f);
                }
            }
        }
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    private void deleteOthers(String prefix, int keepEpoch) throws IOException {
        String keep = String.format(java.util.Locale.ROOT, "%s-%04d.params", prefix, keepEpoch);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (isCheckpoint(name, prefix) && !name.equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static boolean isCheckpoint(String name, String prefix) {
        return name.matches(prefix + "-\\d{4}\\.params");
    }
}
