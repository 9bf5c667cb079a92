/**
 * Customer names. Common names come first (picked more often); accented and
 * non-Latin names are mixed in so search, Pub 28 upper-casing, label fonts
 * and email derivation meet them in every demo, not only in production.
 */

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Nancy',
  'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven',
  'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Dorothy', 'Kevin', 'Carol',
  'Brian', 'Amanda', 'George', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Edward', 'Rebecca', 'Jason',
  'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Kathleen', 'Gary', 'Amy', 'Nicholas', 'Angela', 'Eric',
  'Shirley', 'Jonathan', 'Anna', 'Stephen', 'Brenda', 'Larry', 'Pamela', 'Justin', 'Emma', 'Scott', 'Nicole',
  'Brandon', 'Helen', 'Benjamin', 'Samantha', 'Samuel', 'Katherine', 'Gregory', 'Christine', 'Alexander', 'Debra',
  'Frank', 'Rachel', 'Patrick', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Catherine', 'Dennis', 'Maria', 'Jerry',
  'Heather', 'Tyler', 'Diane', 'Aaron', 'Ruth', 'José', 'Julie', 'Adam', 'Olivia', 'Nathan', 'Joyce', 'Henry',
  'Virginia', 'Douglas', 'Victoria', 'Zachary', 'Kelly', 'Peter', 'Lauren', 'Kyle', 'Christina', 'Ethan', 'Joan',
  'Walter', 'Evelyn', 'Noah', 'Judith', 'Jeremy', 'Megan', 'Christian', 'Andrea', 'Keith', 'Cheryl', 'Roger',
  'Hannah', 'Terry', 'Jacqueline', 'Gerald', 'Martha', 'Harold', 'Gloria', 'Sean', 'Teresa', 'Austin', 'Ann',
  'Carl', 'Sara', 'Arthur', 'Madison', 'Lawrence', 'Frances', 'Dylan', 'Kathryn', 'Jesse', 'Janice', 'Jordan',
  'Jean', 'Bryan', 'Abigail', 'Billy', 'Alice', 'Joe', 'Julia', 'Bruce', 'Judy', 'Gabriel', 'Sophia', 'Logan',
  'Grace', 'Albert', 'Denise', 'Willie', 'Amber', 'Alan', 'Doris', 'Juan', 'Marilyn', 'Wayne', 'Danielle',
  'Elijah', 'Beverly', 'Randy', 'Isabella', 'Roy', 'Theresa', 'Vincent', 'Diana', 'Ralph', 'Natalie', 'Eugene',
  'Brittany', 'Russell', 'Charlotte', 'Bobby', 'Marie', 'Mason', 'Kayla', 'Philip', 'Alexis', 'Louis', 'Lori',
  'María', 'Zoë', 'Chloé', 'Renée', 'André', 'Inés', 'Ramón', 'Sofía', 'Andrés', 'Joaquín', 'Lucía', 'Martín',
  'Raúl', 'Ángel', 'Mónica', 'Héctor', 'Adrián', 'Verónica', 'Jesús', 'Fátima', 'François', 'Hélène', 'Anaïs',
  'Noël', 'Léa', 'Amélie', 'Jérôme', 'Céline', 'Björn', 'Søren', 'Jürgen', 'Małgorzata', 'Zoltán', 'Dagný',
  'Siobhán', 'Seán', 'Niamh', 'Aoife', 'Priya', 'Arjun', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Minh', 'Thảo',
  'Oluwaseun', 'Chidi', 'Aaliyah', 'Omar', 'Tariq', 'Leilani', 'Kai', 'Ngozi', 'Dmitri', 'Katarzyna', 'Mary-Kate',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Wilson', 'Martinez',
  'Anderson', 'Taylor', 'Thomas', 'Hernandez', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Lopez', 'Lee',
  'Gonzalez', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Perez', 'Hall', 'Young', 'Allen', 'Sanchez',
  'Wright', 'King', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Ramirez', 'Campbell', 'Mitchell',
  'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Torres', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Flores',
  'Morris', 'Nguyen', 'Murphy', 'Rivera', 'Cook', 'Rogers', 'Morgan', 'Peterson', 'Cooper', 'Reed', 'Bailey',
  'Bell', 'Gomez', 'Kelly', 'Howard', 'Ward', 'Cox', 'Diaz', 'Richardson', 'Wood', 'Watson', 'Brooks', 'Bennett',
  'Gray', 'James', 'Reyes', 'Cruz', 'Hughes', 'Price', 'Myers', 'Long', 'Foster', 'Sanders', 'Ross', 'Morales',
  'Powell', 'Sullivan', 'Russell', 'Ortiz', 'Jenkins', 'Gutierrez', 'Perry', 'Butler', 'Barnes', 'Fisher',
  'Henderson', 'Coleman', 'Simmons', 'Patterson', 'Jordan', 'Reynolds', 'Hamilton', 'Graham', 'Kim', 'Gonzales',
  'Alexander', 'Ramos', 'Wallace', 'Griffin', 'West', 'Cole', 'Hayes', 'Chavez', 'Gibson', 'Bryant', 'Ellis',
  'Stevens', 'Murray', 'Ford', 'Marshall', 'Owens', 'McDonald', 'Harrison', 'Ruiz', 'Kennedy', 'Wells', 'Alvarez',
  'Woods', 'Mendoza', 'Castillo', 'Olson', 'Webb', 'Washington', 'Tucker', 'Freeman', 'Burns', 'Henry', 'Vasquez',
  'Snyder', 'Simpson', 'Crawford', 'Jimenez', 'Porter', 'Mason', 'Shaw', 'Gordon', 'Wagner', 'Hunter', 'Romero',
  'Hicks', 'Dixon', 'Hunt', 'Palmer', 'Robertson', 'Black', 'Holmes', 'Stone', 'Meyer', 'Boyd', 'Mills', 'Warren',
  'Fox', 'Rose', 'Rice', 'Moreno', 'Schmidt', 'Patel', 'Ferguson', 'Nichols', 'Herrera', 'Medina', 'Ryan',
  'Fernandez', 'Weaver', 'Daniels', 'Stephens', 'Gardner', 'Payne', 'Kelley', 'Dunn', 'Pierce', 'Arnold', 'Tran',
  'Spencer', 'Peters', 'Hawkins', 'Grant', 'Hansen', 'Castro', 'Hoffman', 'Hart', 'Elliott', 'Cunningham',
  'Knight', 'Bradley', 'Núñez', 'Ñúñez', 'Muñoz', 'Peña', 'Ibáñez', 'Gómez', 'Pérez', 'Hernández', 'Rodríguez',
  'Martínez', 'López', 'González', 'Sánchez', 'Ramírez', 'Jiménez', 'Álvarez', 'Fernández', 'Suárez', 'Domínguez',
  "O'Brien", "O'Connor", "D'Angelo", 'McAllister', 'Müller', 'Schröder', 'Groß', 'Weiß', 'Brontë', 'Lefèvre',
  'Côté', 'Gagné', 'Bélanger', 'Chávez', 'Smith-Jones', 'Van der Berg', 'De la Cruz', 'Østergaard', 'Kowalczyk',
  'Wiśniewski', 'Dvořák', 'Nguyễn', 'Trần', 'Phạm', 'Håkansson', 'Łukasiewicz', 'García-Márquez',
];

/**
 * Names written in their own script, with the romanisation a customer would
 * pick for an email address. `given`/`family` are shown family-first where
 * that is the custom (the `full` field).
 */
export interface NonLatinName {
  full: string;
  given: string;
  family: string;
}

export const NON_LATIN_NAMES: readonly NonLatinName[] = [
  { full: '王芳', given: 'fang', family: 'wang' },
  { full: '李娜', given: 'na', family: 'li' },
  { full: '张伟', given: 'wei', family: 'zhang' },
  { full: '陈静', given: 'jing', family: 'chen' },
  { full: '김민준', given: 'minjun', family: 'kim' },
  { full: '이서연', given: 'seoyeon', family: 'lee' },
  { full: '佐藤花子', given: 'hanako', family: 'sato' },
  { full: '田中健', given: 'ken', family: 'tanaka' },
  { full: 'Иван Петров', given: 'ivan', family: 'petrov' },
  { full: 'Ольга Смирнова', given: 'olga', family: 'smirnova' },
  { full: 'Γιώργος Παπαδόπουλος', given: 'giorgos', family: 'papadopoulos' },
  { full: 'ليلى حداد', given: 'laila', family: 'haddad' },
];

/** Movie-buff handle parts for review pseudonyms (policy: reviews are public, shown by pseudonym). */
export const HANDLE_PREFIXES: readonly string[] = [
  'Reel', 'Noir', 'Popcorn', 'Celluloid', 'Matinee', 'Marquee', 'Cinema', 'Film', 'Flick', 'Frame', 'Cult',
  'Kubrick', 'Hitchcock', 'Kurosawa', 'Fellini', 'Wilder', 'Truffaut', 'Ozu', 'Bergman', 'Lynch', 'Godard',
  'Widescreen', 'Directors', 'Drivein', 'Midnight', 'Criterion', 'Silver', 'Technicolor', 'Blockbuster', 'Arthouse',
  'Kaiju', 'Western', 'Giallo', 'Screwball', 'Slasher', 'Anime', 'Bollywood', 'Spaghetti', 'Zombie', 'Sci',
];

export const HANDLE_SUFFIXES: readonly string[] = [
  'Fan', 'Buff', 'Nerd', 'Junkie', 'Head', 'Critic', 'Addict', 'Geek', 'Kid', 'Lover', 'Watcher', 'Maven',
  'Hound', 'Owl', 'Freak', 'Scholar', 'Guru', 'Pilot', 'Ranger', 'Ghost',
];
