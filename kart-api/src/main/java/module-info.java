/**
 * kart's API, for task authors ({@code dev.kart.task}), format authors ({@code dev.kart.format}) and
 * lock-backend authors ({@code dev.kart.lock}, {@code dev.kart.config}), and the errors kart raises
 * on purpose ({@code dev.kart}). It depends on nothing but the JDK.
 */
module dev.kart.api {
    exports dev.kart;
    exports dev.kart.config;
    exports dev.kart.format;
    exports dev.kart.lock;
    exports dev.kart.task;
}
