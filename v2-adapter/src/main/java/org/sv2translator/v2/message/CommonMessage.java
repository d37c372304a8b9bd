package org.sv2translator.v2.message;

/** Messages of the Common protocol (spec 3.6), shared by all SV2 sub-protocols. */
public sealed interface CommonMessage extends Sv2Message
        permits SetupConnection, SetupConnectionSuccess, SetupConnectionError, ChannelEndpointChanged, Reconnect {

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
