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
 * Hands each message a server receives to its {@link MiningServerHandler} method; messages only a client receives go
 * to {@link MiningServerHandler#unexpected}. The routing table is a {@link MessageVisitor}, so a new message record
 * cannot compile until it is routed here.
 *
 * <p>Cost: two interface calls (the record's {@code accept}, then the handler method), no type tests, no
 * allocation: the routes are one stateless instance and the handler is passed along, not captured.
 */public final class MiningServerDispatcher {
    private static final Routes ROUTES = new Routes();

    private MiningServerDispatcher() {
    }

    /** Calls {@code handler}'s method for {@code message}, on the caller's thread. */
    public static void dispatch(Sv2Message message, MiningServerHandler handler) {
        message.accept(ROUTES, handler);
    }

    private static final class Routes implements MessageVisitor<MiningServerHandler> {
        @Override
        public void visit(SetupConnection m, MiningServerHandler handler) {
            handler.onSetupConnection(m);
        }

        @Override
        public void visit(SetupConnectionSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetupConnectionError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(ChannelEndpointChanged m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(Reconnect m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(OpenStandardMiningChannel m, MiningServerHandler handler) {
            handler.onOpenStandardMiningChannel(m);
        }

        @Override
        public void visit(OpenStandardMiningChannelSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(OpenMiningChannelError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(OpenExtendedMiningChannel m, MiningServerHandler handler) {
            handler.onOpenExtendedMiningChannel(m);
        }

        @Override
        public void visit(OpenExtendedMiningChannelSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(NewMiningJob m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(UpdateChannel m, MiningServerHandler handler) {
            handler.onUpdateChannel(m);
        }

        @Override
        public void visit(UpdateChannelError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(CloseChannel m, MiningServerHandler handler) {
            handler.onCloseChannel(m);
        }

        @Override
        public void visit(SetExtranoncePrefix m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SubmitSharesStandard m, MiningServerHandler handler) {
            handler.onSubmitSharesStandard(m);
        }

        @Override
        public void visit(SubmitSharesExtended m, MiningServerHandler handler) {
            handler.onSubmitSharesExtended(m);
        }

        @Override
        public void visit(SubmitSharesSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SubmitSharesError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(NewExtendedMiningJob m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetNewPrevHash m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetTarget m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetCustomMiningJob m, MiningServerHandler handler) {
            handler.onSetCustomMiningJob(m);
        }

        @Override
        public void visit(SetCustomMiningJobSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetCustomMiningJobError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(SetGroupChannel m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(CoinbaseOutputConstraints m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(NewTemplate m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(TemplateDistributionSetNewPrevHash m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionData m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionDataSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionDataError m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(SubmitSolution m, MiningServerHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestExtensions m, MiningServerHandler handler) {
            handler.onRequestExtensions(m);
        }

        @Override
        public void visit(RequestExtensionsSuccess m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(RequestExtensionsError m, MiningServerHandler handler) {
            handler.unexpected(m); // only a client receives it
        }

        @Override
        public void visit(UnknownMessage m, MiningServerHandler handler) {
            handler.onUnknownMessage(m);
        }
    }
}
