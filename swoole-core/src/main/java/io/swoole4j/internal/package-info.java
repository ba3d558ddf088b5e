/**
 * Not API: argument checks, system properties and the only home of FFM downcalls into
 * libc.
 */
package io.swoole4j.internal;
