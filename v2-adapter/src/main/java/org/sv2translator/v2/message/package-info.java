/**
 * SV2 messages as immutable records: the Common protocol (spec 3.6), the Mining protocol (spec 5.3), the Template
 * Distribution protocol (spec 7) and the extensions negotiation of extension 0x0001, in sealed families under {@link org.sv2translator.v2.message.Sv2Message};
 * TLV fields ({@link org.sv2translator.v2.message.Tlv}); the codec from frames to records and back
 * ({@link org.sv2translator.v2.message.MessageCodec}) and its Netty handler
 * ({@link org.sv2translator.v2.message.Sv2MessageCodec}); {@link org.sv2translator.v2.message.MessageVisitor}, through
 * which a message reaches the method for its type.
 */
package org.sv2translator.v2.message;
