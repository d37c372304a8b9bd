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
 * Hands each message a client receives to its {@link MiningClientHandler} method; messages only a server receives go
 * to {@link MiningClientHandler#unexpected}. The routing table is a {@link MessageVisitor}, so a new message record
 * cannot compile until it is routed here.
 *
 * <p>Cost: two interface calls (the record's {@code accept}, then the handler method), no type tests, no
 * allocation: the routes are one stateless instance and the handler is passed along, not captured.
 */public final class MiningClientDispatcher {
    private static final Routes ROUTES = new Routes();

    private MiningClientDispatcher() {
    }

    /** Calls {@code handler}'s method for {@code message}, on the caller's thread. */
    public static void dispatch(Sv2Message message, MiningClientHandler handler) {
        message.accept(ROUTES, handler);
    }

    private static final class Routes implements MessageVisitor<MiningClientHandler> {
        @Override
        public void visit(SetupConnection m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(SetupConnectionSuccess m, MiningClientHandler handler) {
            handler.onSetupConnectionSuccess(m);
        }

        @Override
        public void visit(SetupConnectionError m, MiningClientHandler handler) {
            handler.onSetupConnectionError(m);
        }

        @Override
        public void visit(ChannelEndpointChanged m, MiningClientHandler handler) {
            handler.onChannelEndpointChanged(m);
        }

        @Override
        public void visit(Reconnect m, MiningClientHandler handler) {
            handler.onReconnect(m);
        }

        @Override
        public void visit(OpenStandardMiningChannel m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(OpenStandardMiningChannelSuccess m, MiningClientHandler handler) {
            handler.onOpenStandardMiningChannelSuccess(m);
        }

        @Override
        public void visit(OpenMiningChannelError m, MiningClientHandler handler) {
            handler.onOpenMiningChannelError(m);
        }

        @Override
        public void visit(OpenExtendedMiningChannel m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(OpenExtendedMiningChannelSuccess m, MiningClientHandler handler) {
            handler.onOpenExtendedMiningChannelSuccess(m);
        }

        @Override
        public void visit(NewMiningJob m, MiningClientHandler handler) {
            handler.onNewMiningJob(m);
        }

        @Override
        public void visit(UpdateChannel m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(UpdateChannelError m, MiningClientHandler handler) {
            handler.onUpdateChannelError(m);
        }

        @Override
        public void visit(CloseChannel m, MiningClientHandler handler) {
            handler.onCloseChannel(m);
        }

        @Override
        public void visit(SetExtranoncePrefix m, MiningClientHandler handler) {
            handler.onSetExtranoncePrefix(m);
        }

        @Override
        public void visit(SubmitSharesStandard m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(SubmitSharesExtended m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(SubmitSharesSuccess m, MiningClientHandler handler) {
            handler.onSubmitSharesSuccess(m);
        }

        @Override
        public void visit(SubmitSharesError m, MiningClientHandler handler) {
            handler.onSubmitSharesError(m);
        }

        @Override
        public void visit(NewExtendedMiningJob m, MiningClientHandler handler) {
            handler.onNewExtendedMiningJob(m);
        }

        @Override
        public void visit(SetNewPrevHash m, MiningClientHandler handler) {
            handler.onSetNewPrevHash(m);
        }

        @Override
        public void visit(SetTarget m, MiningClientHandler handler) {
            handler.onSetTarget(m);
        }

        @Override
        public void visit(SetCustomMiningJob m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(SetCustomMiningJobSuccess m, MiningClientHandler handler) {
            handler.onSetCustomMiningJobSuccess(m);
        }

        @Override
        public void visit(SetCustomMiningJobError m, MiningClientHandler handler) {
            handler.onSetCustomMiningJobError(m);
        }

        @Override
        public void visit(SetGroupChannel m, MiningClientHandler handler) {
            handler.onSetGroupChannel(m);
        }

        @Override
        public void visit(CoinbaseOutputConstraints m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(NewTemplate m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(TemplateDistributionSetNewPrevHash m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionData m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionDataSuccess m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestTransactionDataError m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(SubmitSolution m, MiningClientHandler handler) {
            handler.unexpected(m); // Template Distribution protocol, never on a Mining connection
        }

        @Override
        public void visit(RequestExtensions m, MiningClientHandler handler) {
            handler.unexpected(m); // only a server receives it
        }

        @Override
        public void visit(RequestExtensionsSuccess m, MiningClientHandler handler) {
            handler.onRequestExtensionsSuccess(m);
        }

        @Override
        public void visit(RequestExtensionsError m, MiningClientHandler handler) {
            handler.onRequestExtensionsError(m);
        }

        @Override
        public void visit(UnknownMessage m, MiningClientHandler handler) {
            handler.onUnknownMessage(m);
        }
    }
}
