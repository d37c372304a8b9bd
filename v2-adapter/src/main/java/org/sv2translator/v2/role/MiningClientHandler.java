package org.sv2translator.v2.role;

import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.NewMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.OpenStandardMiningChannelSuccess;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.RequestExtensionsError;
import org.sv2translator.v2.message.RequestExtensionsSuccess;
import org.sv2translator.v2.message.SetCustomMiningJobError;
import org.sv2translator.v2.message.SetCustomMiningJobSuccess;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetGroupChannel;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.UnknownMessage;
import org.sv2translator.v2.message.UpdateChannelError;

/**
 * The client end of a Mining protocol connection (a proxy or a miner talking to a pool): one method per message a
 * server sends (spec 3.6, 5.3, extensions/0x0001), called by {@link MiningClientDispatcher}.
 *
 * <p>Which methods are abstract: those for messages any server may send to any client (setup answers, channel
 * answers, extended jobs, prevhashes, targets, share answers, closing, redirection) must be implemented, so a client
 * cannot compile without deciding what they do. Those that only answer a feature the client opts into (standard
 * channels, custom jobs, extension negotiation) and unknown messages default to {@link #unexpected}, so a client
 * that never uses the feature need not mention them. Messages only a client sends never reach this interface: the
 * dispatcher gives them to {@link #unexpected} too.
 */
public interface MiningClientHandler {

    /**
     * A message this client does not handle: sent in the wrong direction, or answering a feature it never asked
     * for, or unknown. What to do (log, ignore, close) is the client's call.
     */
    void unexpected(Sv2Message message);

    // Common protocol (spec 3.6)

    void onSetupConnectionSuccess(SetupConnectionSuccess m);

    void onSetupConnectionError(SetupConnectionError m);

    void onChannelEndpointChanged(ChannelEndpointChanged m);

    void onReconnect(Reconnect m);

    // Mining protocol (spec 5.3)

    /** Only in answer to OpenStandardMiningChannel. */
    default void onOpenStandardMiningChannelSuccess(OpenStandardMiningChannelSuccess m) {
        unexpected(m);
    }

    void onOpenExtendedMiningChannelSuccess(OpenExtendedMiningChannelSuccess m);

    void onOpenMiningChannelError(OpenMiningChannelError m);

    void onUpdateChannelError(UpdateChannelError m);

    void onCloseChannel(CloseChannel m);

    void onSetExtranoncePrefix(SetExtranoncePrefix m);

    void onSubmitSharesSuccess(SubmitSharesSuccess m);

    void onSubmitSharesError(SubmitSharesError m);

    /** Only for standard channels (spec 5.3.15), which the client opens or not. */
    default void onNewMiningJob(NewMiningJob m) {
        unexpected(m);
    }

    void onNewExtendedMiningJob(NewExtendedMiningJob m);

    void onSetNewPrevHash(SetNewPrevHash m);

    /** Only in answer to SetCustomMiningJob (REQUIRES_WORK_SELECTION). */
    default void onSetCustomMiningJobSuccess(SetCustomMiningJobSuccess m) {
        unexpected(m);
    }

    /** Only in answer to SetCustomMiningJob (REQUIRES_WORK_SELECTION). */
    default void onSetCustomMiningJobError(SetCustomMiningJobError m) {
        unexpected(m);
    }

    void onSetTarget(SetTarget m);

    void onSetGroupChannel(SetGroupChannel m);

    // Extensions negotiation (extensions/0x0001)

    /** Only in answer to RequestExtensions. */
    default void onRequestExtensionsSuccess(RequestExtensionsSuccess m) {
        unexpected(m);
    }

    /** Only in answer to RequestExtensions. */
    default void onRequestExtensionsError(RequestExtensionsError m) {
        unexpected(m);
    }

    /**
     * A message of a sub-protocol or extension this library does not decode. Spec 3.4.1 has a proxy forward the
     * channel ones; a client that does not forward can leave this to {@link #unexpected}.
     */
    default void onUnknownMessage(UnknownMessage m) {
        unexpected(m);
    }
}
