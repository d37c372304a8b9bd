/** Placeholder until this module's issue lands. */
package org.sv2translator.v2;
