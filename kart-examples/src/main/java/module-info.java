/**
 * The example pipeline of the README: word statistics of a book, as task records against kart's API
 * only. Its packages are opened to kart's runtime, which reads task records reflectively and writes
 * their outputs as JSON.
 */
module dev.kart.examples {
    requires dev.kart.api;

    exports dev.kart.examples.books;
    exports dev.kart.examples.sample;
    opens dev.kart.examples.books;
    opens dev.kart.examples.sample;
}
