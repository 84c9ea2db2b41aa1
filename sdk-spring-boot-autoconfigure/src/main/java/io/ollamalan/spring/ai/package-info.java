/** Spring AI's chat and embedding models backed by the fleet client. */
@NullMarked
package io.ollamalan.spring.ai;

import org.jspecify.annotations.NullMarked;
