/**
 * The example pipeline of the README: word statistics of a book, as task records against kart's API
 * only (and {@code java.sql}, for the fencing example's store). Its packages are opened to kart's
 * runtime, which reads task records reflectively and writes their outputs as JSON.
 */
module dev.kart.examples {
    requires dev.kart.api;
    // The fencing example writes to a database through JDBC; the driver comes at run time.
    requires java.sql;

    exports dev.kart.examples.books;
    exports dev.kart.examples.fencing;
    exports dev.kart.examples.sample;
    opens dev.kart.examples.books;
    opens dev.kart.examples.fencing;
    opens dev.kart.examples.sample;
}
