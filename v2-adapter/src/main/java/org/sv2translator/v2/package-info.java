/**
 * Stratum V2 as a library: {@code wire} (data types and frames), {@code message} (a record per message and the
 * codec), {@code role} (the client and server ends of the Mining protocol as handler interfaces, and their
 * dispatchers), {@code noise} (the Noise NX transport and its Netty handlers).
 */
package org.sv2translator.v2;
