/**
 * The cores of the most common passwords, from the published top-password lists (RockYou, the
 * yearly "worst passwords" lists, default credentials of appliances), written out here so the
 * check works offline. A password is weak when what is left after taking off digits, symbols and
 * leet spelling around it is one of these (`password-policy.ts`), which covers their thousands of
 * spellings ("Password123!", "p@ssw0rd2024", "iloveyou1234"…) without listing each.
 */
export const COMMON_PASSWORD_CORES: readonly string[] = [
  // Words and phrases
  'password', 'passw', 'passwd', 'pass', 'pwd', 'secret', 'letmein', 'welcome', 'welcomeback', 'hello', 'helloworld', 'iloveyou', 'iloveu',
  'loveyou', 'love', 'lovely', 'loveme', 'mylove', 'trustno', 'trustnoone', 'whatever', 'nothing', 'changeme', 'default', 'guest', 'test',
  'tester', 'testing', 'demo', 'sample', 'example', 'temp', 'temporary', 'login', 'logon', 'signin', 'access', 'accessgranted', 'open',
  'opensesame', 'master', 'masterkey', 'admin', 'administrator', 'root', 'toor', 'superuser', 'sysadmin', 'system', 'manager', 'user',
  'username', 'owner', 'private', 'security', 'secure', 'freedom', 'liberty', 'peace', 'happy', 'happiness', 'sunshine', 'rainbow',
  'princess', 'prince', 'queen', 'king', 'angel', 'angels', 'baby', 'babygirl', 'babyboy', 'sweet', 'sweetheart', 'sweetie', 'honey',
  'sugar', 'candy', 'cookie', 'chocolate', 'cheese', 'pizza', 'banana', 'apple', 'orange', 'lemon', 'cherry', 'strawberry', 'pepper',
  'ginger', 'summer', 'winter', 'spring', 'autumn', 'monday', 'friday', 'sunday', 'january', 'december', 'christmas', 'birthday',
  'family', 'friend', 'friends', 'bestfriend', 'forever', 'together', 'always', 'heaven', 'jesus', 'christ', 'god', 'godisgood',
  'blessed', 'faith', 'hope', 'lucky', 'money', 'dollar', 'rich', 'success', 'winner', 'victory', 'champion', 'killer', 'hunter',
  'ninja', 'samurai', 'warrior', 'soldier', 'pirate', 'cowboy', 'rockstar', 'rocknroll', 'music', 'guitar', 'piano', 'dance', 'party',
  'football', 'soccer', 'baseball', 'basketball', 'hockey', 'tennis', 'golf', 'golfer', 'chelsea', 'liverpool', 'arsenal', 'barcelona',
  'yankees', 'lakers', 'cowboys', 'steelers', 'dragon', 'dragons', 'monkey', 'tiger', 'lion', 'eagle', 'falcon', 'shadow', 'phoenix',
  'thunder', 'lightning', 'storm', 'fire', 'ice', 'snow', 'star', 'stars', 'superstar', 'moon', 'sun', 'sky', 'ocean', 'river',
  'mountain', 'forest', 'flower', 'rose', 'daisy', 'lily', 'butterfly', 'puppy', 'kitty', 'kitten', 'cat', 'dog', 'doggy', 'horse',
  'bear', 'teddybear', 'bunny', 'fish', 'turtle', 'pokemon', 'pikachu', 'naruto', 'batman', 'superman', 'spiderman', 'ironman',
  'starwars', 'jedi', 'yoda', 'matrix', 'zelda', 'mario', 'minecraft', 'fortnite', 'roblox', 'gamer', 'computer', 'internet', 'google',
  'facebook', 'twitter', 'instagram', 'youtube', 'microsoft', 'windows', 'apple', 'iphone', 'android', 'samsung', 'linux', 'ubuntu',
  'oracle', 'mysql', 'postgres', 'postgresql', 'database', 'server', 'network', 'cisco', 'router', 'wifi', 'office', 'company',
  'business', 'work', 'school', 'college', 'student', 'teacher', 'doctor', 'nurse', 'police', 'hacker', 'hacked', 'cyber', 'matrix',
  'michael', 'jennifer', 'jordan', 'michelle', 'daniel', 'jessica', 'ashley', 'andrew', 'joshua', 'matthew', 'robert', 'william',
  'thomas', 'charlie', 'george', 'harry', 'oliver', 'jack', 'james', 'john', 'david', 'richard', 'joseph', 'anthony', 'nicole',
  'amanda', 'melissa', 'elizabeth', 'samantha', 'hannah', 'sophie', 'emma', 'olivia', 'maria', 'anna', 'alex', 'alexander', 'sam',
  'max', 'buster', 'bailey', 'rocky', 'charlie', 'maggie', 'ginger', 'shelby', 'molly', 'tigger', 'smokey', 'snoopy', 'scooby',
  'mustang', 'ferrari', 'porsche', 'corvette', 'harley', 'mercedes', 'bmw', 'camaro', 'hotdog', 'blowfish', 'bigdog', 'player',
  'gamer', 'qazwsx', 'zaq', 'zxcvbnm', 'asdfghjkl', 'qwertyuiop', 'qwerty', 'azerty', 'qwertz', 'asdf', 'asdfgh', 'zxcv', 'qweasd',
  'qweasdzxc', 'wasd', 'abc', 'abcd', 'abcdef', 'abcdefg', 'abcdefgh', 'alphabet', 'aaa', 'overture', 'ludwig', 'predibase',
  'machinelearning', 'deeplearning', 'tensorflow', 'pytorch', 'python', 'javascript', 'typescript', 'java', 'coffee', 'beer',
  'whiskey', 'vodka', 'marijuana', 'weed', 'sex', 'sexy', 'hottie', 'fuckyou', 'fuckoff', 'asshole', 'bitch', 'pussy', 'dick',
  'cocacola', 'pepsi', 'nike', 'adidas', 'gucci', 'london', 'paris', 'newyork', 'california', 'texas', 'florida', 'chicago', 'boston',
  'america', 'usa', 'canada', 'england', 'germany', 'france', 'italia', 'espana', 'brasil', 'mexico', 'india', 'china', 'japan',
  'russia', 'australia', 'asdfasdf', 'qwerasdf', 'passpass', 'testtest', 'adminadmin', 'rootroot', 'useruser', 'guestguest',
  'iloveyouiloveyou', 'letmeinletmein', 'passwordpassword', 'onetwothree', 'onetwothreefour', 'abcabc', 'blahblah', 'nopassword',
  'mypassword', 'yourpassword', 'newpassword', 'oldpassword', 'thepassword', 'supersecret', 'topsecret', 'verysecret', 'secretpassword',
  'strongpassword', 'securepassword', 'goodpassword', 'badpassword', 'simplepassword', 'passwordsecret', 'adminpass', 'rootpass',
  'changethis', 'changeit', 'replaceme', 'fixme', 'todo', 'unknown', 'null', 'undefined', 'none', 'empty', 'blank', 'nopass',
];

/** Keyboard rows and common walks, matched as substrings of a run-together password. */
export const KEYBOARD_WALKS: readonly string[] = [
  'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '0987654321', 'qazwsxedcrfvtgbyhnujmikolp', '1qaz2wsx3edc4rfv5tgb', 'zaq12wsxcde3',
  '1q2w3e4r5t6y7u8i9o0p', 'q1w2e3r4t5y6u7i8o9p0', 'azertyuiop', 'qwertzuiop', 'poiuytrewq', 'lkjhgfdsa', 'mnbvcxz', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba',
];
