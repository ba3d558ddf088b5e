/**
 * Table: Swoole's fixed-capacity, fixed-schema hash table in shared memory, read and
 * written by every thread and every JVM that maps it.
 */
package io.swoole4j.table;
