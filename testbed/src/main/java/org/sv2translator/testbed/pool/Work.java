package org.sv2translator.testbed.pool;

/**
 * One publication of the pool's work to every channel: a template, and whether it starts a new block (sent as a
 * future job followed by SetNewPrevHash) or updates the current one (sent as an active job).
 *
 * @param prevHashId  increases with every new block; jobs of a lower id are stale
 * @param newBlock    whether this template changes the prevhash
 * @param publishedAt {@code System.nanoTime()} when the pool published it (for notify latency)
 */
record Work(long prevHashId, BlockTemplate template, boolean newBlock, long publishedAt) {
}
