package dev.kart.examples.fencing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a PostgreSQL server whose link stalls: it accepts a client's connection
 * and forwards nothing, in either direction, until {@link #release()}; then it pipes bytes both ways.
 * A node whose JDBC URL goes {@linkplain #route through it} blocks inside its write to the store for
 * as long as the test wants, as over a network that stopped delivering, with nothing timed.
 * Closing it closes every socket it opened.
 */
final class StallingProxy implements AutoCloseable {
    private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:?,]+)(?::(\\d+))?(/.*)$");

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private StallingProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /**
     * @param server the JDBC URL of the server, {@code jdbc:postgresql://host[:port]/...}
     * @return a stalled proxy to that server on a free port of the loopback interface
     * @throws IOException when no port can be bound
     * @throws IllegalArgumentException when the URL names no single host
     */
    static StallingProxy to(String server) throws IOException {
        Matcher url = parse(server);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        StallingProxy proxy = new StallingProxy(listener, url.group(2), url.group(3) == null ? 5432 : Integer.parseInt(url.group(3)));
        Thread acceptor = new Thread(proxy::accept, "stalling-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /**
     * @param server a JDBC URL of the server this proxy leads to
     * @return the same URL through this proxy
     */
    String route(String server) {
        Matcher url = parse(server);
        return url.group(1) + "127.0.0.1:" + listener.getLocalPort() + url.group(4);
    }

    /**
     * Waits until a client connected, and is held.
     *
     * @param timeout how long to wait at most
     * @throws AssertionError when no client connected in time
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void awaitClient(Duration timeout) throws InterruptedException {
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no client connected to the proxy on port " + listener.getLocalPort() + " within " + timeout);
        }
    }

    /**
     * Waits until the first client closed its connection (or it broke): whatever it sent through
     * the proxy has reached the server and been answered.
     *
     * @param timeout how long to wait at most
     * @throws AssertionError when it is still open after the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void awaitDisconnected(Duration timeout) throws InterruptedException {
        if (!disconnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the client on the proxy's port " + listener.getLocalPort() + " was still connected after "
                    + timeout);
        }
    }

    /** Ends the stall: held and later connections are forwarded from now on. */
    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        released.countDown();
        closeQuietly(listener);
        sockets.forEach(StallingProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            connected.countDown();
            Thread link = new Thread(() -> forwardOnceReleased(client), "stalling-proxy-link");
            link.setDaemon(true);
            link.start();
        }
    }

    private void forwardOnceReleased(Socket client) {
        try {
            released.await();
            Socket server = new Socket(targetHost, targetPort);
            sockets.add(server);
            Thread back = new Thread(() -> pipe(server, client), "stalling-proxy-back");
            back.setDaemon(true);
            back.start();
            pipe(client, server);
        } catch (IOException e) {
            closeQuietly(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(client);
        } finally {
            disconnected.countDown();
        }
    }

    /** Copies until either side closes, then closes both, as a broken link would. */
    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the finally below ends the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Matcher parse(String server) {
        Matcher url = HOST_AND_PORT.matcher(server);
        if (!url.matches()) {
            throw new IllegalArgumentException("expected a JDBC URL with one host, jdbc:postgresql://host[:port]/database..., got "
                    + server.replaceAll("(?i)(password=)[^&]*", "$1***"));
        }
        return url;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing after the link broke: nothing left to do
        }
    }
}
