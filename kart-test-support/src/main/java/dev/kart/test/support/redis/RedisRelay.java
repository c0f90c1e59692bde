package dev.kart.test.support.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on a free loopback port in front of a test Redis, for a fault the server process alone
 * cannot show: new connections that hang while the open ones keep working, as behind a proxy or load
 * balancer at its connection limit, or a firewall that drops new flows. While it {@linkplain
 * #holdNewConnections() holds new connections}, each one is accepted but nothing it sends reaches
 * Redis and nothing comes back; the connections it already relays are untouched. Once it {@linkplain
 * #passNewConnections() passes them again}, the held ones are relayed too, with what they sent
 * meanwhile. Closing it closes every connection. Thread-safe.
 *
 * <pre>{@code
 * try (RedisRelay relay = RedisRelay.start(REDIS.server())) {
 *     connect(relay.host(), relay.port());
 *     relay.holdNewConnections();
 * }
 * }</pre>
 */
public final class RedisRelay implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int BUFFER = 8192;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean holding;
    private volatile boolean closed;
    private final AtomicLong requestReads = new AtomicLong();

    private RedisRelay(String targetHost, int targetPort, ServerSocket server) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = server;
    }

    /**
     * Starts relaying to the server, passing new connections.
     *
     * @param target the Redis to relay to
     * @return the running relay
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static RedisRelay start(TestRedis target) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a relay port on " + HOST + " for " + target.description(), e);
        }
        RedisRelay relay = new RedisRelay(target.host(), target.port(), server);
        daemon("kart-test-relay-accept-" + server.getLocalPort(), relay::accept).start();
        return relay;
    }

    /** @return the host to connect to instead of Redis's */
    public String host() {
        return HOST;
    }

    /** @return the port to connect to instead of Redis's */
    public int port() {
        return server.getLocalPort();
    }

    /** From now on, new connections are accepted and then left hanging: nothing reaches Redis. */
    public void holdNewConnections() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Relays new connections again, and the held ones with what they sent meanwhile. */
    public void passNewConnections() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /**
     * How many times bytes from a client arrived to be relayed to Redis so far, over every connection: a client that
     * waits for each reply before its next command arrives at least once per command, while commands written
     * together (a pipeline) arrive in one read, or in a few when they fill more than a socket buffer.
     *
     * @return the count since the relay started
     */
    public long requestReads() {
        return requestReads.get();
    }

    /** Closes the relay port and every connection through it, held or relayed. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        synchronized (gate) {
            gate.notifyAll();
        }
        sockets.forEach(RedisRelay::closeQuietly);
    }

    @Override
    public String toString() {
        return "relay " + HOST + ":" + port() + " to " + targetHost + ":" + targetPort;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            boolean held;
            synchronized (gate) {
                held = holding;
            }
            sockets.add(client);
            // a connection is held from its arrival on: passing later relays it, with what it sent
            daemon("kart-test-relay-" + client.getPort(), () -> relay(client, held)).start();
        }
    }

    private void relay(Socket client, boolean held) {
        Socket upstream = null;
        try {
            if (held) {
                synchronized (gate) {
                    while (holding && !closed) {
                        gate.wait();
                    }
                }
            }
            if (closed) {
                return;
            }
            upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(new InetSocketAddress(targetHost, targetPort));
            Socket to = upstream;
            daemon("kart-test-relay-back-" + client.getPort(), () -> pump(to, client, null)).start();
            pump(client, upstream, requestReads);
        } catch (IOException e) {
            closeBoth(client, upstream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeBoth(client, upstream);
        }
    }

    /** Copies until either side ends, then closes both, as a proxy whose peer hung up would; counts its reads. */
    private void pump(Socket from, Socket to, AtomicLong reads) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (reads != null) {
                    reads.incrementAndGet();
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket one, Socket other) {
        closeQuietly(one);
        sockets.remove(one);
        if (other != null) {
            closeQuietly(other);
            sockets.remove(other);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
