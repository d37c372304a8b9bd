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
 * Hands each message a Template Distribution server receives to its {@link TemplateDistributionServerHandler}
 * method; messages only a client receives, and those of the Mining protocol and of extension negotiation, go to
 * {@link TemplateDistributionServerHandler#unexpected}. Built like the Mining dispatchers: the routing table is a
 * {@link MessageVisitor}, so a new message record cannot compile until it is routed here, and dispatching allocates
 * nothing.
 */
public final class TemplateDistributionServerDispatcher {
    private static final Routes ROUTES = new Routes();

    private TemplateDistributionServerDispatcher() {
    }

    /** Calls {@code handler}'s method for {@code message}, on the caller's thread. */
    public static void dispatch(Sv2Message message, TemplateDistributionServerHandler handler) {
        message.accept(ROUTES, handler);
    }

    private static final class Routes implements MessageVisitor<TemplateDistributionServerHandler> {
        @Override
        public void visit(SetupConnection m, TemplateDistributionServerHandler handler) {
            handler.onSetupConnection(m);
        }

        @Override
        public void visit(SetupConnectionSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetupConnectionError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(ChannelEndpointChanged m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(Reconnect m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(OpenStandardMiningChannel m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenStandardMiningChannelSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenMiningChannelError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenExtendedMiningChannel m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(OpenExtendedMiningChannelSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(NewMiningJob m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(UpdateChannel m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(UpdateChannelError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(CloseChannel m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetExtranoncePrefix m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesStandard m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesExtended m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SubmitSharesError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(NewExtendedMiningJob m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetNewPrevHash m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetTarget m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJob m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJobSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetCustomMiningJobError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(SetGroupChannel m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // Mining protocol, never on a Template Distribution connection
        }

        @Override
        public void visit(CoinbaseOutputConstraints m, TemplateDistributionServerHandler handler) {
            handler.onCoinbaseOutputConstraints(m);
        }

        @Override
        public void visit(NewTemplate m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(TemplateDistributionSetNewPrevHash m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(RequestTransactionData m, TemplateDistributionServerHandler handler) {
            handler.onRequestTransactionData(m);
        }

        @Override
        public void visit(RequestTransactionDataSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(RequestTransactionDataError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SubmitSolution m, TemplateDistributionServerHandler handler) {
            handler.onSubmitSolution(m);
        }

        @Override
        public void visit(RequestExtensions m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(RequestExtensionsSuccess m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(RequestExtensionsError m, TemplateDistributionServerHandler handler) {
            handler.unexpected(m); // extension negotiation (spec 7 has no extensions)
        }

        @Override
        public void visit(UnknownMessage m, TemplateDistributionServerHandler handler) {
            handler.onUnknownMessage(m);
        }
    }
}
