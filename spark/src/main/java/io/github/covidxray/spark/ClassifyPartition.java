package io.github.covidxray.spark;

import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.Prediction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Classifies one partition, a batch of rows at a time, with this JVM's shared classifier. Rows are
 * {@code (path, content)}; each becomes one result row, an error row when the file cannot be read.
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
        CovidClassifier classifier = ExecutorClassifiers.get(options, cpus);
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                if (!batch.hasNext() && input.hasNext()) {
                    batch = classifyBatch(classifier, input);
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** Reads up to a batch of rows and classifies them: the encoded bytes of one batch are held at a time. */
    private Iterator<Row> classifyBatch(CovidClassifier classifier, Iterator<Row> input) {
        List<ImageSource> sources = new ArrayList<>(options.batchSize());
        while (input.hasNext() && sources.size() < options.batchSize()) {
            Row row = input.next();
            String path = row.getString(0);
            byte[] content = row.isNullAt(1) ? new byte[0] : (byte[]) row.get(1);
            sources.add(ImageSource.of(content, path));
        }
        List<Row> rows = new ArrayList<>(sources.size());
        for (ClassificationOutcome o : classifier.classifyAll(sources)) {
            rows.add(toRow(o));
        }
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
