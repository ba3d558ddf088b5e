package io.swoole4j.server;

/**
 * The sender of a datagram handed to {@link ServerHandler#onPacket} (Swoole's
 * {@code client_info}); reply with {@link Server#sendto(String, int, byte[])}.
 *
 * @param address the sender's address, as text
 * @param port the sender's port
 * @param serverPort the local UDP port the datagram arrived on
 */
public record UdpPeer(String address, int port, int serverPort) {
}
