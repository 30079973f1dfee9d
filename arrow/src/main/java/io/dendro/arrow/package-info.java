package io.dendro.arrow;
