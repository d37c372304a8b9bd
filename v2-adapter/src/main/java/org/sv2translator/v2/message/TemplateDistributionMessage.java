package org.sv2translator.v2.message;

/**
 * Messages of the Template Distribution protocol (spec 7), between a Template Provider (the server) and a pool or
 * Job Declarator Client (the client). None has the {@code channel_msg} bit: the protocol has no channels.
 */
public sealed interface TemplateDistributionMessage extends Sv2Message
        permits CoinbaseOutputConstraints, NewTemplate, TemplateDistributionSetNewPrevHash, RequestTransactionData,
        RequestTransactionDataSuccess, RequestTransactionDataError, SubmitSolution {

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
