/**
 * An example pipeline: word statistics of a public-domain novel. {@link dev.kart.examples.books.ReadBook}
 * reads the text, {@link dev.kart.examples.books.SplitChapters} splits it, and for every chapter
 * (the fan-out) {@link dev.kart.examples.books.CleanChapter}, {@link dev.kart.examples.books.TokenizeChapter}
 * and {@link dev.kart.examples.books.CountWords} clean, tokenize and count it.
 * {@link dev.kart.examples.books.ChapterTfIdf} and {@link dev.kart.examples.books.TopBigrams} gather all
 * chapters (the fan-in), and {@link dev.kart.examples.books.BookReport} writes the report.
 */
package dev.kart.examples.books;
