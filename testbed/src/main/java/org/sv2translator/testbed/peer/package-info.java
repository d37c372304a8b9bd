/**
 * A peer to compare the translator with: SRI's translator_sv2 run as a child process against the same testbed pool
 * ({@link org.sv2translator.testbed.peer.SriTranslatorProcess}, its config from
 * {@link org.sv2translator.testbed.peer.SriTranslatorConfig}, shared by the benchmark and the interop tests), and
 * {@link org.sv2translator.testbed.peer.ProcessSample} to measure either process from outside through /proc.
 */
package org.sv2translator.testbed.peer;
