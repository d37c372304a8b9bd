/**
 * Netty glue for the SV2 Noise NX transport: one handshake handler per role that, once done, replaces itself with
 * {@link org.sv2translator.v2.noise.netty.NoiseTransportCodec} (encrypted SV2 framing, spec 4.6).
 *
 * <pre>
 * client:  [socket] - NoiseInitiatorHandler  -&gt; NoiseTransportCodec - [plaintext SV2 frames: ByteBuf with header]
 * server:  [socket] - NoiseResponderHandler  -&gt; NoiseTransportCodec - [plaintext SV2 frames: ByteBuf with header]
 * </pre>
 *
 * Upper layers watch {@link org.sv2translator.v2.noise.netty.NoiseEvent}: {@code HandshakeCompleted} (send
 * SetupConnection now) and {@code Failed} (the connection is being closed; fail over).
 */
package org.sv2translator.v2.noise.netty;
