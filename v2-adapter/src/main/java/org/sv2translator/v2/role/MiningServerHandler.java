package org.sv2translator.v2.role;

import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.OpenExtendedMiningChannel;
import org.sv2translator.v2.message.OpenStandardMiningChannel;
import org.sv2translator.v2.message.RequestExtensions;
import org.sv2translator.v2.message.SetCustomMiningJob;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.SubmitSharesStandard;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.UnknownMessage;
import org.sv2translator.v2.message.UpdateChannel;

/**
 * The server end of a Mining protocol connection (a pool, or a proxy facing its miners): one method per message a
 * client sends (spec 3.6, 5.3, extensions/0x0001), called by {@link MiningServerDispatcher}.
 *
 * <p>Which methods are abstract: those for messages any client may send must be implemented, even if only to refuse
 * them (a server that opens no standard channels still answers OpenStandardMiningChannel with an error). Those that
 * only follow a feature the server may not offer (custom jobs, extension negotiation) and unknown messages default to
 * {@link #unexpected}. Messages only a server sends never reach this interface: the dispatcher gives them to
 * {@link #unexpected} too.
 */
public interface MiningServerHandler {

    /**
     * A message this server does not handle: sent in the wrong direction, or for a feature it does not offer, or
     * unknown. What to do (log, ignore, close) is the server's call.
     */
    void unexpected(Sv2Message message);

    // Common protocol (spec 3.6)

    void onSetupConnection(SetupConnection m);

    // Mining protocol (spec 5.3)

    void onOpenStandardMiningChannel(OpenStandardMiningChannel m);

    void onOpenExtendedMiningChannel(OpenExtendedMiningChannel m);

    void onUpdateChannel(UpdateChannel m);

    void onCloseChannel(CloseChannel m);

    void onSubmitSharesStandard(SubmitSharesStandard m);

    void onSubmitSharesExtended(SubmitSharesExtended m);

    /** Only from a client that set REQUIRES_WORK_SELECTION and was accepted. */
    default void onSetCustomMiningJob(SetCustomMiningJob m) {
        unexpected(m);
    }

    // Extensions negotiation (extensions/0x0001)

    /** Only for a server that negotiates extensions; to others it is a message of an unknown extension. */
    default void onRequestExtensions(RequestExtensions m) {
        unexpected(m);
    }

    /** A message of a sub-protocol or extension this library does not decode (spec 3.4.1). */
    default void onUnknownMessage(UnknownMessage m) {
        unexpected(m);
    }
}
