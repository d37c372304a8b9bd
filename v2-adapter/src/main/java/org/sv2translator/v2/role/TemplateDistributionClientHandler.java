package org.sv2translator.v2.role;

import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.RequestTransactionDataError;
import org.sv2translator.v2.message.RequestTransactionDataSuccess;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.TemplateDistributionSetNewPrevHash;
import org.sv2translator.v2.message.UnknownMessage;

/**
 * The client end of a Template Distribution connection (a pool or a Job Declarator Client talking to a Template
 * Provider): one method per message a server sends (spec 3.6, 7), called by
 * {@link TemplateDistributionClientDispatcher}.
 *
 * <p>Which methods are abstract: the setup answers, templates and prevhashes, which every Template Provider sends to
 * every client. The answers to RequestTransactionData, which only a client that asks gets, Reconnect and unknown
 * messages default to {@link #unexpected}. Messages of other protocols, and those only a client sends, reach
 * {@link #unexpected} through the dispatcher.
 */
public interface TemplateDistributionClientHandler {

    /**
     * A message this client does not handle: sent in the wrong direction, of another protocol, answering a request
     * it never made, or unknown. What to do (log, ignore, close) is the client's call.
     */
    void unexpected(Sv2Message message);

    // Common protocol (spec 3.6)

    void onSetupConnectionSuccess(SetupConnectionSuccess m);

    void onSetupConnectionError(SetupConnectionError m);

    /** Spec 3.6.4 names no protocol; a Template Provider may send it, and a client that follows it overrides this. */
    default void onReconnect(Reconnect m) {
        unexpected(m);
    }

    // Template Distribution protocol (spec 7)

    void onNewTemplate(NewTemplate m);

    /** SetNewPrevHash of spec 7.3 (type 0x72). */
    void onTemplateDistributionSetNewPrevHash(TemplateDistributionSetNewPrevHash m);

    /** Only in answer to RequestTransactionData. */
    default void onRequestTransactionDataSuccess(RequestTransactionDataSuccess m) {
        unexpected(m);
    }

    /** Only in answer to RequestTransactionData. */
    default void onRequestTransactionDataError(RequestTransactionDataError m) {
        unexpected(m);
    }

    /** A message of a sub-protocol or extension this library does not decode (spec 3.4.1). */
    default void onUnknownMessage(UnknownMessage m) {
        unexpected(m);
    }
}
