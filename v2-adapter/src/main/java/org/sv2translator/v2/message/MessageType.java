package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;

/**
 * The message types this library decodes: extension, {@code msg_type} and {@code channel_msg} bit exactly as in
 * spec chapter 08 (and extensions/0x0001 for extension 1), with the spec's name for logs. Two types share the name
 * "SetNewPrevHash" (Mining 0x20, Template Distribution 0x72): the spec gives both that name.
 */
public enum MessageType {
    SETUP_CONNECTION(0, 0x00, false, "SetupConnection", SetupConnection::read),
    SETUP_CONNECTION_SUCCESS(0, 0x01, false, "SetupConnection.Success", SetupConnectionSuccess::read),
    SETUP_CONNECTION_ERROR(0, 0x02, false, "SetupConnection.Error", SetupConnectionError::read),
    CHANNEL_ENDPOINT_CHANGED(0, 0x03, true, "ChannelEndpointChanged", ChannelEndpointChanged::read),
    RECONNECT(0, 0x04, false, "Reconnect", Reconnect::read),
    OPEN_STANDARD_MINING_CHANNEL(0, 0x10, false, "OpenStandardMiningChannel", OpenStandardMiningChannel::read),
    OPEN_STANDARD_MINING_CHANNEL_SUCCESS(0, 0x11, false, "OpenStandardMiningChannel.Success",
            OpenStandardMiningChannelSuccess::read),
    OPEN_MINING_CHANNEL_ERROR(0, 0x12, false, "OpenMiningChannel.Error", OpenMiningChannelError::read),
    OPEN_EXTENDED_MINING_CHANNEL(0, 0x13, false, "OpenExtendedMiningChannel", OpenExtendedMiningChannel::read),
    OPEN_EXTENDED_MINING_CHANNEL_SUCCESS(0, 0x14, false, "OpenExtendedMiningChannel.Success",
            OpenExtendedMiningChannelSuccess::read),
    NEW_MINING_JOB(0, 0x15, true, "NewMiningJob", NewMiningJob::read),
    UPDATE_CHANNEL(0, 0x16, true, "UpdateChannel", UpdateChannel::read),
    UPDATE_CHANNEL_ERROR(0, 0x17, true, "UpdateChannel.Error", UpdateChannelError::read),
    CLOSE_CHANNEL(0, 0x18, true, "CloseChannel", CloseChannel::read),
    SET_EXTRANONCE_PREFIX(0, 0x19, true, "SetExtranoncePrefix", SetExtranoncePrefix::read),
    SUBMIT_SHARES_STANDARD(0, 0x1a, true, "SubmitSharesStandard", SubmitSharesStandard::read),
    SUBMIT_SHARES_EXTENDED(0, 0x1b, true, "SubmitSharesExtended", SubmitSharesExtended::read),
    SUBMIT_SHARES_SUCCESS(0, 0x1c, true, "SubmitShares.Success", SubmitSharesSuccess::read),
    SUBMIT_SHARES_ERROR(0, 0x1d, true, "SubmitShares.Error", SubmitSharesError::read),
    NEW_EXTENDED_MINING_JOB(0, 0x1f, true, "NewExtendedMiningJob", NewExtendedMiningJob::read),
    SET_NEW_PREV_HASH(0, 0x20, true, "SetNewPrevHash", SetNewPrevHash::read),
    SET_TARGET(0, 0x21, true, "SetTarget", SetTarget::read),
    SET_CUSTOM_MINING_JOB(0, 0x22, true, "SetCustomMiningJob", SetCustomMiningJob::read),
    SET_CUSTOM_MINING_JOB_SUCCESS(0, 0x23, true, "SetCustomMiningJob.Success", SetCustomMiningJobSuccess::read),
    SET_CUSTOM_MINING_JOB_ERROR(0, 0x24, true, "SetCustomMiningJob.Error", SetCustomMiningJobError::read),
    SET_GROUP_CHANNEL(0, 0x25, false, "SetGroupChannel", SetGroupChannel::read),
    COINBASE_OUTPUT_CONSTRAINTS(0, 0x70, false, "CoinbaseOutputConstraints", CoinbaseOutputConstraints::read),
    NEW_TEMPLATE(0, 0x71, false, "NewTemplate", NewTemplate::read),
    TEMPLATE_DISTRIBUTION_SET_NEW_PREV_HASH(0, 0x72, false, "SetNewPrevHash",
            TemplateDistributionSetNewPrevHash::read),
    REQUEST_TRANSACTION_DATA(0, 0x73, false, "RequestTransactionData", RequestTransactionData::read),
    REQUEST_TRANSACTION_DATA_SUCCESS(0, 0x74, false, "RequestTransactionData.Success",
            RequestTransactionDataSuccess::read),
    REQUEST_TRANSACTION_DATA_ERROR(0, 0x75, false, "RequestTransactionData.Error",
            RequestTransactionDataError::read),
    SUBMIT_SOLUTION(0, 0x76, false, "SubmitSolution", SubmitSolution::read),
    REQUEST_EXTENSIONS(1, 0x00, false, "RequestExtensions", RequestExtensions::read),
    REQUEST_EXTENSIONS_SUCCESS(1, 0x01, false, "RequestExtensions.Success", RequestExtensionsSuccess::read),
    REQUEST_EXTENSIONS_ERROR(1, 0x02, false, "RequestExtensions.Error", RequestExtensionsError::read);

    private static final MessageType[] CORE = new MessageType[256];
    private static final MessageType[] NEGOTIATION = new MessageType[256];

    static {
        for (MessageType t : values()) {
            (t.extension == 0 ? CORE : NEGOTIATION)[t.msgType] = t;
        }
    }

    private final int extension;
    private final int msgType;
    private final boolean channelMsg;
    private final String specName;
    private final WireReader.ElementReader<? extends Sv2Message> reader;

    MessageType(int extension, int msgType, boolean channelMsg, String specName,
                WireReader.ElementReader<? extends Sv2Message> reader) {
        this.extension = extension;
        this.msgType = msgType;
        this.channelMsg = channelMsg;
        this.specName = specName;
        this.reader = reader;
    }

    /** The type for {@code extension} (without the channel_msg bit) and {@code msgType}, or null if unknown. */
    static MessageType lookup(int extension, int msgType) {
        return switch (extension) {
            case 0 -> CORE[msgType];
            case 1 -> NEGOTIATION[msgType];
            default -> null;
        };
    }

    Sv2Message read(WireReader r) {
        return reader.read(r);
    }

    public int extension() {
        return extension;
    }

    public int msgType() {
        return msgType;
    }

    public boolean channelMsg() {
        return channelMsg;
    }

    /** The name the spec uses, e.g. {@code "SubmitShares.Success"}. */
    public String specName() {
        return specName;
    }
}
