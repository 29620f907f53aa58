"""What a first name tells about a person's gender, for resolving "he" and "she".

A short list of common given names written for this project: a name on it counts only when
the story itself says nothing (a role such as "spokeswoman" or an honorific such as "Mr."
wins), and a name not on it, or on both, tells nothing. It keeps "she said" from going to
a Michael or a David who was named last. Names given to women and men alike (Terry, Kelly,
Jordan, Lindsey, Jesse) are on neither list: one wrong guess turns a pronoun away from the
person it means.
"""

from __future__ import annotations

from storyfold.text.normalize import word_set

_FEMALE = word_set("""
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa
    deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
    janet ruth maria heather diane virginia julie joyce victoria olivia christina
    lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria
    ann kathryn sara janice jean alice madison doris abigail julia judy grace denise amber
    marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte
    rose alexis kayla hillary hilary nikki condoleezza nancy elizabeth kellyanne sheryl
    oprah michelle melania ivanka chelsea huma tulsi kamala elise marsha susana gwen
    claire dianne loretta janet samantha valerie donna jill tammy debbie kirsten patty
    barbara maxine sheila stacey marcia ava malkia hope sonia ada nora maya leila fatima
    aisha angela theresa ursula christine federica marine nicola jacinda yulia maria
    """)
_MALE = word_set("""
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold
    keith christian roger noah gerald carl sean austin arthur lawrence dylan
    bryan joe billy bruce albert willie gabriel logan alan juan wayne roy ralph randy
    eugene vincent russell elijah louis bobby philip johnny barack bernie mitt mike mitch
    newt rudy chris tim ted marco jeb rand reince corey bill vladimir
    sergei dmitry recep bashar benjamin emmanuel francois angelo boris nigel xi shinzo
    narendra justin jim harry chuck elijah jason trey devin adam darrell kevin rick ben
    hal elias tom victor omar ahmed mohammed muhammad ali hassan ivan igor nikolai
    """)


def gender_of_first_name(name: str) -> str | None:
    """ "female" or "male" from the first word of a full name; None for one word or a
    name on neither list (or on both)."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].lower().strip(".")
    female, male = first in _FEMALE, first in _MALE
    if female == male:
        return None
    return "female" if female else "male"
