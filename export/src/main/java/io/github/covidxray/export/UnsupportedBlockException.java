package io.github.covidxray.export;

import ai.djl.nn.Block;

/**
 * A network holds a block the ONNX exporter cannot translate. The message names the block's place in the
 * network and its kind, so the caller knows what to change. Immutable.
 */
public final class UnsupportedBlockException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Where the block sits, for example {@code backbone/03/body/01}. */
    private final String path;

    /**
     * @param path where the block sits in the network
     * @param block the block
     * @param problem what is not supported
     */
    public UnsupportedBlockException(String path, Block block, String problem) {
        super("cannot export " + path + " (" + block.getClass().getSimpleName() + "): " + problem);
        this.path = path;
    }

    /** @return where the block sits in the network */
    public String path() {
        return path;
    }
}
