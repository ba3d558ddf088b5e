/**
 * Auto-configuration of the swoole4j server and Tables: properties, lifecycle, failure
 * analyzers.
 */
package io.swoole4j.spring.boot.autoconfigure;
