package org.sv2translator.v2.message;

/** Messages of the Mining protocol (spec 5.3): channels, jobs and shares. */
public sealed interface MiningMessage extends Sv2Message
        permits OpenStandardMiningChannel, OpenStandardMiningChannelSuccess, OpenExtendedMiningChannel,
        OpenExtendedMiningChannelSuccess, OpenMiningChannelError, UpdateChannel, UpdateChannelError, CloseChannel,
        SetExtranoncePrefix, SubmitSharesStandard, SubmitSharesExtended, SubmitSharesSuccess, SubmitSharesError,
        NewMiningJob, NewExtendedMiningJob, SetNewPrevHash, SetCustomMiningJob, SetCustomMiningJobSuccess,
        SetCustomMiningJobError, SetTarget, SetGroupChannel {

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
