package org.sv2translator.testbed.tp;

/**
 * What became of one SubmitSolution (spec 7.7 has no answer message, so this is how tests and operators see it).
 *
 * @param templateId the template it claimed to solve
 * @param accepted   whether it made a valid block on the current tip, which then became the new tip
 * @param reason     why it was refused ({@code null} when accepted)
 * @param blockHash  the header's hash in display order (as explorers print it); {@code null} if none was built
 * @param height     the block's height (0 if the template was unknown)
 */
public record SubmittedSolution(long templateId, boolean accepted, String reason, String blockHash, int height) {
}
