/**
 * The ends of a connection as handler interfaces, one method per message the end receives: the Mining protocol's
 * ({@link org.sv2translator.v2.role.MiningClientHandler}, {@link org.sv2translator.v2.role.MiningServerHandler}) and the
 * Template Distribution protocol's ({@link org.sv2translator.v2.role.TemplateDistributionClientHandler},
 * {@link org.sv2translator.v2.role.TemplateDistributionServerHandler}), and their dispatchers, which hand a decoded
 * {@link org.sv2translator.v2.message.Sv2Message} to the right method (or to {@code unexpected}) without type tests or
 * allocation.
 */
package org.sv2translator.v2.role;
