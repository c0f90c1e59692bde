package dev.kart.test.support.redis;

import java.time.Duration;
import java.util.List;

/** A Redis server given with {@code KART_TEST_REDIS=host:port}: used as it is, never stopped or paused. */
final class ExternalRedis implements TestRedis {
    private final String host;
    private final int port;

    private ExternalRedis(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * @param value {@code host:port}
     * @return the server it names
     * @throws IllegalArgumentException when the value is not {@code host:port}
     */
    static ExternalRedis parse(String value) {
        int colon = value.lastIndexOf(':');
        String hint = "KART_TEST_REDIS is '" + value + "', expected host:port such as 127.0.0.1:6379";
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(hint);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(hint);
            }
            return new ExternalRedis(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(hint, e);
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "the Redis at " + host + ":" + port + " given with KART_TEST_REDIS";
    }

    @Override
    public boolean controllable() {
        return false;
    }

    @Override
    public void stop() {
        throw notControllable("stop");
    }

    @Override
    public void restart() {
        throw notControllable("restart");
    }

    @Override
    public void pause() {
        throw notControllable("pause");
    }

    @Override
    public void resume() {
        throw notControllable("resume");
    }

    @Override
    public void flushAll() {
        RespProbe.flushAll(host, port);
    }

    @Override
    public List<String> clients() {
        return RespProbe.clientList(host, port, Duration.ofSeconds(10));
    }

    private UnsupportedOperationException notControllable(String what) {
        return new UnsupportedOperationException("cannot " + what + " " + description()
                + "; a test that controls its server uses RedisServerExtension.controllable()");
    }
}
