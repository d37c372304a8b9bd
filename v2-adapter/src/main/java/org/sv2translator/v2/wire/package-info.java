/**
 * The SV2 wire format (spec chapter 3): the data types of 3.1 ({@link org.sv2translator.v2.wire.WireReader},
 * {@link org.sv2translator.v2.wire.WireWriter}, {@link org.sv2translator.v2.wire.Bytes},
 * {@link org.sv2translator.v2.wire.U256}), the frame header of 3.2 ({@link org.sv2translator.v2.wire.FrameHeader})
 * and the plaintext frame decoder ({@link org.sv2translator.v2.wire.Sv2FrameDecoder}). Every decoding failure is
 * an {@link org.sv2translator.v2.wire.Sv2DecodeException}.
 */
package org.sv2translator.v2.wire;
