/**
 * Stratum V1 as a library: the pool side that legacy miners connect to, and the codec a test miner reuses.
 *
 * <ul>
 *   <li>{@link org.sv2translator.v1.V1Codec}: line-delimited JSON-RPC, both directions, into typed records:
 *       {@link org.sv2translator.v1.V1Request} (miner to pool), {@link org.sv2translator.v1.V1Notification} and
 *       {@link org.sv2translator.v1.V1Response} (pool to miner). Bad input is one
 *       {@link org.sv2translator.v1.V1DecodeException}.</li>
 *   <li>{@link org.sv2translator.v1.V1Server} + {@link org.sv2translator.v1.V1ServerConfig}: the Netty endpoint
 *       with its limits; {@link org.sv2translator.v1.V1Session}: one connection's state and the send/broadcast
 *       API.</li>
 *   <li>{@link org.sv2translator.v1.V1Backend}: the decisions the application makes (extranonce, authorization,
 *       version mask, share verdicts), called synchronously on the session's event loop.</li>
 *   <li>{@link org.sv2translator.v1.WorkerName}: the rules a worker name must follow;
 *       {@link org.sv2translator.v1.MinerText}: miner-supplied text made safe for a log line.</li>
 * </ul>
 *
 * Untrusted miners: every limit (see {@link org.sv2translator.v1.V1ServerConfig}) costs the miner that breaks it its
 * own connection, never anyone else's.
 *
 * Knows nothing of Stratum V2 or of the translator.
 */
package org.sv2translator.v1;
