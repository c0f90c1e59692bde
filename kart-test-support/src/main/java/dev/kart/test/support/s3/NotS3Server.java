package dev.kart.test.support.s3;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * What a mistyped {@code kart.storage.s3.endpoint} reaches: a web server that is not S3 (every
 * request answered with one status and an HTML page, as nginx's default site does), or a port that
 * does not speak HTTP at all (it sends a banner, as an SSH or SMTP server does, and closes), or a
 * process that accepts connections but never answers (a hung server, a firewall that accepts and
 * drops). Listens on a free loopback port until closed.
 */
public final class NotS3Server implements AutoCloseable {
    private final URI endpoint;
    private final AutoCloseable listener;
    private final IntSupplier accepted;

    private NotS3Server(URI endpoint, AutoCloseable listener) {
        this(endpoint, listener, () -> -1);
    }

    private NotS3Server(URI endpoint, AutoCloseable listener, IntSupplier accepted) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.accepted = accepted;
    }

    /**
     * @param status the HTTP status of every answer, such as 404
     * @return a plain web server answering every request with {@code status} and an HTML page
     * @throws UncheckedIOException when no port can be bound
     */
    public static NotS3Server http(int status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] page = ("<html><head><title>" + status + "</title></head><body><h1>" + status + "</h1>"
                    + "<hr><center>nginx</center></body></html>").getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.getResponseHeaders().add("Server", "nginx");
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(status, -1);
                } else {
                    exchange.sendResponseHeaders(status, page.length);
                    exchange.getResponseBody().write(page);
                }
                exchange.close();
            });
            server.start();
            return new NotS3Server(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), () -> server.stop(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the non-S3 web server", e);
        }
    }

    /**
     * @return a port that answers every connection with an SSH banner instead of HTTP, then closes it
     * @throws UncheckedIOException when no port can be bound
     */
    public static NotS3Server notHttp() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        OutputStream out = connection.getOutputStream();
                        out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        // closed, or the client left first: the next connection is answered alike
                    }
                }
            }, "not-http-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return new NotS3Server(URI.create("http://127.0.0.1:" + socket.getLocalPort()), socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the non-HTTP port", e);
        }
    }

    /**
     * A port that accepts every connection and then reads and keeps it open without ever sending a
     * byte, as a hung process or a blackholing proxy does: a client's connect succeeds, and only its
     * read (or TLS handshake) timeout ends the wait. Closing the server closes the connections too.
     *
     * @return the silent port
     * @throws UncheckedIOException when no port can be bound
     */
    public static NotS3Server silent() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        // kept open, never answered: a closed connection would end the client's wait early
                        held.add(socket.accept());
                    } catch (IOException e) {
                        // closed: the loop ends
                    }
                }
            }, "silent-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            AutoCloseable closeAll = () -> {
                socket.close();
                for (Socket connection : held) {
                    connection.close();
                }
            };
            return new NotS3Server(URI.create("http://127.0.0.1:" + socket.getLocalPort()), closeAll, held::size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the silent port", e);
        }
    }

    /**
     * @return how many connections a {@link #silent()} server has accepted so far (each is one
     *     request attempt of a client that does not reuse a connection it timed out on); -1 for the
     *     other kinds, which do not count
     */
    public int accepted() {
        return accepted.getAsInt();
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + endpoint, e);
        }
    }
}
