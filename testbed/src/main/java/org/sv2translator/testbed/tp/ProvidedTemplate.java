package org.sv2translator.testbed.tp;

import java.util.List;
import org.sv2translator.v2.message.NewTemplate;

/**
 * A template as sent to one client, with what the Template Provider needs to answer RequestTransactionData and to
 * rebuild the block from a SubmitSolution.
 *
 * @param message      the NewTemplate sent
 * @param tip          the chain tip it builds on
 * @param transactions the block's transactions after the coinbase, in order
 * @param weight       the transactions' weight plus the reservation the client's constraints ask for
 */
record ProvidedTemplate(NewTemplate message, ChainTip tip, List<MempoolTransaction> transactions, long weight) {
    ProvidedTemplate {
        transactions = List.copyOf(transactions);
    }

    long id() {
        return message.templateId();
    }
}
