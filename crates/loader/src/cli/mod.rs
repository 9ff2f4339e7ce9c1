//! The script lexer and docker CLI grammar (work in progress by a helper).
