package org.sv2translator.v2.message;

/**
 * One method per message record, called by {@link Sv2Message#accept}: the double dispatch behind the role
 * dispatchers of {@code org.sv2translator.v2.role}. Every method is abstract on purpose, so adding a record (and its
 * method here) fails to compile until every visitor decides where the new message goes.
 *
 * <p>{@code target} is passed along rather than held so a visitor can be a stateless singleton: dispatching then
 * allocates nothing.
 *
 * @param <T> what the visitor hands the message to, typically a role's handler
 */
public interface MessageVisitor<T> {
    // Common protocol (spec 3.6)

    void visit(SetupConnection m, T target);

    void visit(SetupConnectionSuccess m, T target);

    void visit(SetupConnectionError m, T target);

    void visit(ChannelEndpointChanged m, T target);

    void visit(Reconnect m, T target);

    // Mining protocol (spec 5.3)

    void visit(OpenStandardMiningChannel m, T target);

    void visit(OpenStandardMiningChannelSuccess m, T target);

    void visit(OpenMiningChannelError m, T target);

    void visit(OpenExtendedMiningChannel m, T target);

    void visit(OpenExtendedMiningChannelSuccess m, T target);

    void visit(NewMiningJob m, T target);

    void visit(UpdateChannel m, T target);

    void visit(UpdateChannelError m, T target);

    void visit(CloseChannel m, T target);

    void visit(SetExtranoncePrefix m, T target);

    void visit(SubmitSharesStandard m, T target);

    void visit(SubmitSharesExtended m, T target);

    void visit(SubmitSharesSuccess m, T target);

    void visit(SubmitSharesError m, T target);

    void visit(NewExtendedMiningJob m, T target);

    void visit(SetNewPrevHash m, T target);

    void visit(SetTarget m, T target);

    void visit(SetCustomMiningJob m, T target);

    void visit(SetCustomMiningJobSuccess m, T target);

    void visit(SetCustomMiningJobError m, T target);

    void visit(SetGroupChannel m, T target);

    // Template Distribution protocol (spec 7)

    void visit(CoinbaseOutputConstraints m, T target);

    void visit(NewTemplate m, T target);

    void visit(TemplateDistributionSetNewPrevHash m, T target);

    void visit(RequestTransactionData m, T target);

    void visit(RequestTransactionDataSuccess m, T target);

    void visit(RequestTransactionDataError m, T target);

    void visit(SubmitSolution m, T target);

    // Extensions negotiation (extensions/0x0001)

    void visit(RequestExtensions m, T target);

    void visit(RequestExtensionsSuccess m, T target);

    void visit(RequestExtensionsError m, T target);

    // Anything else (spec 3.4.1)

    void visit(UnknownMessage m, T target);
}
