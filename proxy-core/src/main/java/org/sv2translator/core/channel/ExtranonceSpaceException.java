package org.sv2translator.core.channel;

/** The channel has no extranonce bytes left for another miner, or too few to split at all. */
public final class ExtranonceSpaceException extends RuntimeException {
    public ExtranonceSpaceException(String message) {
        super(message);
    }
}
