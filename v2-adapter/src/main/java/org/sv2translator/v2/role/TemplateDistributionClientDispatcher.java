package org.sv2translator.v2.role;

import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.CoinbaseOutputConstraints;
import org.sv2translator.v2.message.MessageVisitor;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.NewMiningJob;
import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.message.OpenExtendedMiningChannel;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.OpenStandardMiningChannel;
import org.sv2translator.v2.message.OpenStandardMiningChannelSuccess;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.RequestExtensions;
import org.sv2translator.v2.message.RequestExtensionsError;
import org.sv2translator.v2.message.RequestExtensionsSuccess;
import org.sv2translator.v2.message.RequestTransactionData;
import org.sv2translator.v2.message.RequestTransactionDataError;
import org.sv2translator.v2.message.RequestTransactionDataSuccess;
import org.sv2translator.v2.message.SetCustomMiningJob;
import org.sv2translator.v2.message.SetCustomMiningJobError;
import org.sv2translator.v2.message.SetCustomMiningJobSuccess;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetGroupChannel;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.SubmitSharesStandard;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.SubmitSolution;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.TemplateDistributionSetNewPrevHash;
import org.sv2translator.v2.message.UnknownMessage;
import org.sv2translator.v2.message.UpdateChannel;
import org.sv2translator.v2.message.UpdateChannelError;

/**
 * Hands each message a Template Distribution client receives to its {@link TemplateDistributionClientHandler}
 * method; messages only a server receives, and those of the Mining protocol and of extension negotiation, go to
 * {@link TemplateDistributionClientHandler#unexpected}. Built like the Mining dispatchers: the routing table is a
 * {@link MessageVisitor}, so a new message record cannot compile until it is routed here, and dispatching allocates
 * nothing.
 */
public final class TemplateDistributionClientDispatcher {
    private static final Routes ROUTES = new Routes();

    private TemplateDistributionClientDispatcher() {
    }

    /** Calls {@code handler}'s method for {@code message}, on the caller's thread. */
    public static void dispatch(Sv2Message message, TemplateDistributionClientHandler handler) {
        message.accept(ROUTES, handler);
    }

    private static final class Routes implements MessageVisitor<TemplateDistributionClientHandler> {
        @Override
        public void visit(SetupConnection m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(SetupConnectionSuccess m, TemplateDistributionClientHandler handler) {
            handler.onSetupConnectionSuccess(m);
        }

        @Override
        public void visit(SetupConnectionError m, TemplateDistributionClientHandler handler) {
            handler.onSetupConnectionError(m);
        }

        @Override
        public void visit(ChannelEndpointChanged m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // a channel message: the protocol has no channels (spec 7)
        }

        @Override
        public void visit(Reconnect m, TemplateDistributionClientHandler handler) {
            handler.onReconnect(m);
        }

        @Override
        public void visit(OpenStandardMiningChannel m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenStandardMiningChannelSuccess m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenMiningChannelError m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenExtendedMiningChannel m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenExtendedMiningChannelSuccess m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(NewMiningJob m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(UpdateChannel m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(UpdateChannelError m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(CloseChannel m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetExtranoncePrefix m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesStandard m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesExtended m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesSuccess m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesError m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(NewExtendedMiningJob m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetNewPrevHash m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetTarget m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJob m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJobSuccess m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJobError m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetGroupChannel m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(CoinbaseOutputConstraints m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(NewTemplate m, TemplateDistributionClientHandler handler) {
            handler.onNewTemplate(m);
        }

        @Override
        public void visit(TemplateDistributionSetNewPrevHash m, TemplateDistributionClientHandler handler) {
            handler.onTemplateDistributionSetNewPrevHash(m);
        }

        @Override
        public void visit(RequestTransactionData m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(RequestTransactionDataSuccess m, TemplateDistributionClientHandler handler) {
            handler.onRequestTransactionDataSuccess(m);
        }

        @Override
        public void visit(RequestTransactionDataError m, TemplateDistributionClientHandler handler) {
            handler.onRequestTransactionDataError(m);
        }

        @Override
        public void visit(SubmitSolution m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(RequestExtensions m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(RequestExtensionsSuccess m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(RequestExtensionsError m, TemplateDistributionClientHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(UnknownMessage m, TemplateDistributionClientHandler handler) {
            handler.onUnknownMessage(m);
        }
    }
}
