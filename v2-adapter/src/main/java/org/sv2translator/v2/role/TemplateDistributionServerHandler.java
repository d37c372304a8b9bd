package org.sv2translator.v2.role;

import org.sv2translator.v2.message.CoinbaseOutputConstraints;
import org.sv2translator.v2.message.RequestTransactionData;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SubmitSolution;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.UnknownMessage;

/**
 * The server end of a Template Distribution connection (a Template Provider): one method per message a client (a
 * pool or a Job Declarator Client) sends (spec 3.6, 7), called by {@link TemplateDistributionServerDispatcher}.
 *
 * <p>Every message a Template Distribution client may send has an abstract method: a Template Provider must answer
 * all of them (spec 7 gives none as optional). Unknown messages default to {@link #unexpected}, and so does every
 * message of another protocol or of the wrong direction, through the dispatcher.
 */
public interface TemplateDistributionServerHandler {

    /**
     * A message this server does not handle: sent in the wrong direction, of another protocol (Mining, extension
     * negotiation), or unknown. What to do (log, ignore, close) is the server's call.
     */
    void unexpected(Sv2Message message);

    // Common protocol (spec 3.6)

    void onSetupConnection(SetupConnection m);

    // Template Distribution protocol (spec 7)

    void onCoinbaseOutputConstraints(CoinbaseOutputConstraints m);

    void onRequestTransactionData(RequestTransactionData m);

    void onSubmitSolution(SubmitSolution m);

    /** A message of a sub-protocol or extension this library does not decode (spec 3.4.1). */
    default void onUnknownMessage(UnknownMessage m) {
        unexpected(m);
    }
}
