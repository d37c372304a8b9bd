/**
 * JMH micro-benchmarks of the hot paths (share validation, SV2 codec, Noise, V1 codec). Built into
 * {@code bench/target/benchmarks.jar}; not shipped with the translator.
 */
package org.sv2translator.bench;
