package io.github.covidxray.spark;

import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.Prediction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Classifies one partition with this JVM's shared classifier through its streaming
 * {@link CovidClassifier#classifyEach}, with engine and decoder threads sized by {@code spark.task.cpus}. Rows
 * are {@code (path, content)}; each becomes one result row, an error row when the file cannot be read.
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final SparkClassifierOptions options;
    private final int classes;

    ClassifyPartition(SparkClassifierOptions options, int classes) {
        this.options = options;
        this.classes = classes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        CovidClassifier classifier = ExecutorClassifiers.classifier(options, cpus);
        // Core's streaming pipeline takes the rows as it needs them (decoding ahead within its pixel budget
        // while the engine runs), so a task holds the encoded bytes of a few images, not of its partition;
        // only the small result rows of the partition are kept until it is done.
        Iterator<ImageSource> sources = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public ImageSource next() {
                Row row = input.next();
                byte[] content = row.isNullAt(1) ? new byte[0] : (byte[]) row.get(1);
                return ImageSource.of(content, row.getString(0));
            }
        };
        List<Row> rows = new ArrayList<>();
        classifier.classifyEach(sources, outcome -> rows.add(toRow(outcome)));
        return rows.iterator();
    }

    private Row toRow(ClassificationOutcome o) {
        Object[] values = new Object[classes + 7];
        values[0] = o.input();
        Prediction p = o.prediction();
        if (p == null) {
            values[classes + 6] = o.error();
            return RowFactory.create(values);
        }
        values[1] = p.label();
        values[2] = p.confidence();
        for (int i = 0; i < classes; i++) {
            values[3 + i] = p.probabilities().get(i);
        }
        values[classes + 3] = p.flagged();
        values[classes + 4] = p.outOfDistribution();
        values[classes + 5] = p.oodScore();
        return RowFactory.create(values);
    }
}
