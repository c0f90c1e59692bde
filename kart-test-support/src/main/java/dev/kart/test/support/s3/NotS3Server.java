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

/**
 * What a mistyped {@code kart.storage.s3.endpoint} reaches: a web server that is not S3 (every
 * request answered with one status and an HTML page, as nginx's default site does), or a port that
 * does not speak HTTP at all (it sends a banner, as an SSH or SMTP server does, and closes). Listens
 * on a free loopback port until closed.
 */
public final class NotS3Server implements AutoCloseable {
    private final URI endpoint;
    private final AutoCloseable listener;

    private NotS3Server(URI endpoint, AutoCloseable listener) {
        this.endpoint = endpoint;
        this.listener = listener;
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
