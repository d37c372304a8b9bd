package org.sv2translator.v2.message;

/** Messages of the extensions negotiation extension (extensions/0x0001), extension_type 1. */
public sealed interface ExtensionNegotiationMessage extends Sv2Message
        permits RequestExtensions, RequestExtensionsSuccess, RequestExtensionsError {

    /** The message's entry in the type table (chapter 08). */
    MessageType type();

    @Override
    default int extension() {
        return type().extension();
    }

    @Override
    default int msgType() {
        return type().msgType();
    }

    @Override
    default boolean channelMsg() {
        return type().channelMsg();
    }
}
