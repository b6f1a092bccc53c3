package io.github.covidxray.engine.pytorch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's thread settings, which are not per model as ONNX Runtime's are:
 * <ul>
 *   <li>the intra-op count (threads inside one operator) belongs to the calling thread (libtorch's CPU
 *       build uses OpenMP), so it is set on each calling thread before its forward pass, when the thread
 *       has another count. It is not put back afterwards: libtorch rebuilds a thread pool whenever the
 *       count changes, so toggling per call would cost more than the pass; later PyTorch work on that thread
 *       keeps the classifier's count;</li>
 *   <li>the inter-op count is process-wide and fixed once PyTorch has run parallel work; it is set when
 *       possible, otherwise a warning says which count stays in force. The system property
 *       {@code ai.djl.pytorch.num_interop_threads} sets it before the engine starts.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class PyTorchThreads {

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchThreads.class);

    private final int intraOp;

    private PyTorchThreads(int intraOp) {
        this.intraOp = intraOp;
    }

    /**
     * Starts the PyTorch engine if needed and applies the inter-op count.
     *
     * @param intraOp threads inside one operator
     * @param interOp threads across operators, 0 for the engine default
     * @return the settings, whose {@link #applyToCurrentThread()} runs before each forward pass
     */
    static PyTorchThreads configure(int intraOp, int interOp) {
        if (intraOp < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOp);
        }
        Engine.getEngine(PyTorchBackend.ENGINE);
        if (interOp > 0 && JniUtils.getNumInteropThreads() != interOp) {
            try {
                JniUtils.setNumInteropThreads(interOp);
            } catch (RuntimeException e) {
                LOG.warn("PyTorch inter-op threads stay at {} (asked for {}): the count is process-wide and fixed once "
                        + "PyTorch has run; set -Dai.djl.pytorch.num_interop_threads={} to choose it at start-up",
                        JniUtils.getNumInteropThreads(), interOp, interOp);
            }
        }
        return new PyTorchThreads(intraOp);
    }

    /** Sets the intra-op count on the calling thread, unless it already has it (setting it again is not free). */
    void applyToCurrentThread() {
        if (JniUtils.getNumThreads() != intraOp) {
            JniUtils.setNumThreads(intraOp);
        }
    }
}
