package org.sv2translator.core;

/** How miners map onto upstream channels (DESIGN.md, "Two channel modes"). */
public enum ChannelMode {
    /** One extended channel for all miners; each gets unique extranonce1 bytes of it. */
    AGGREGATED,
    /** One extended channel per miner, user_identity = its worker name (optionally prefixed). */
    PER_MINER
}
