/** Benchmarks of the SDK: JMH, the open-loop load generator and the routing simulation. */
package io.ollamalan.benchmarks;
