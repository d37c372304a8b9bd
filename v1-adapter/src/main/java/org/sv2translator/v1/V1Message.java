package org.sv2translator.v1;

/**
 * Any Stratum V1 line: a {@link V1Request} (miner to pool), a {@link V1Notification} (pool to miner, id null) or a
 * {@link V1Response} (pool to miner, answers a request).
 */
public sealed interface V1Message permits V1Request, V1Notification, V1Response {
}
