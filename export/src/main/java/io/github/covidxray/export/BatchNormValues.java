package io.github.covidxray.export;

import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;

/**
 * A DJL {@link BatchNorm}'s learned and running values and its epsilon, read out for export. DJL exposes
 * neither epsilon nor the normalised axis, so they are read from its private fields; a DJL upgrade that
 * renames them fails here with a clear message (and the export tests), never with a silently wrong model.
 * The arrays are not copied: treat them as read-only, and the record is then safe to share between threads.
 *
 * @param gamma scale per channel
 * @param beta shift per channel
 * @param mean running mean per channel
 * @param var running variance per channel
 * @param epsilon added to the variance
 */
record BatchNormValues(float[] gamma, float[] beta, float[] mean, float[] var, float epsilon) {

    /** The channel axis of NCHW tensors, the only one ONNX's BatchNormalization and folding handle. */
    private static final int CHANNEL_AXIS = 1;

    /**
     * @param channel an output channel
     * @return {@code gamma / sqrt(var + epsilon)}, the factor BatchNorm multiplies centred inputs by
     */
    double scale(int channel) {
        return gamma[channel] / Math.sqrt((double) var[channel] + epsilon);
    }

    /**
     * @param bn an initialised BatchNorm
     * @param path where it sits in the network, for messages
     * @return its values
     * @throws UnsupportedBlockException if it normalises another axis than channels
     */
    static BatchNormValues of(BatchNorm bn, String path) {
        int axis = readField(bn, "axis").intValue();
        if (axis != CHANNEL_AXIS) {
            throw new UnsupportedBlockException(path, bn, "BatchNorm over axis " + axis
                    + " (only the channel axis 1 of NCHW can be exported)");
        }
        return new BatchNormValues(values(bn, "gamma"), values(bn, "beta"), values(bn, "runningMean"),
                values(bn, "runningVar"), readField(bn, "epsilon").floatValue());
    }

    private static float[] values(BatchNorm bn, String name) {
        Parameter p = bn.getDirectParameters().get(name);
        return p.getArray().toFloatArray();
    }

    private static Number readField(BatchNorm bn, String name) {
        try {
            Field f = BatchNorm.class.getDeclaredField(name);
            f.setAccessible(true);
            return (Number) f.get(bn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read BatchNorm." + name + " from this DJL version ("
                    + BatchNorm.class.getPackage().getImplementationVersion() + "); the ONNX exporter needs it", e);
        }
    }
}
